import { startGlobalServer } from '../../../dist/testing/index.js';

export default () => startGlobalServer({ env: true });
