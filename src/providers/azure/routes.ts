/** Azure OpenAI (/openai/deployments/{deployment}/...). */
import type { CodecRoute } from '../codec.js';

export const azureRoutes: CodecRoute[] = [];
