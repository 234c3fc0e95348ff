/**
 * The model catalogue: the models `GET /v1/models` (and Anthropic's and Gemini's model routes)
 * list, each with its context window and output limit. A chat request naming a catalogue model
 * is held to that window (context-limit.ts). The default list is LLMSim's, plus current Claude
 * and Gemini ids; `--models FILE` (or the `models` option) replaces it.
 */

/** One model as the catalogue knows it. */
export interface ModelInfo {
  id: string;
  /** Prompt plus output tokens the model takes in one request. */
  contextWindow: number;
  /** The most output tokens one request may ask for. */
  maxOutputTokens: number;
  /** OpenAI's `owned_by`: `openai`, `anthropic`, `google` ... */
  ownedBy: string;
  /** Anthropic's `display_name`, Gemini's `displayName`. */
  displayName: string;
  /** Release time, unix seconds (OpenAI's `created`, Anthropic's `created_at`). */
  created: number;
}

/**
 * A model as the lists show it: a catalogue model, or a model id a fixture names that the
 * catalogue does not know (no limits: it is listed, never held to a window).
 */
export type ListedModel = Omit<ModelInfo, 'contextWindow' | 'maxOutputTokens'> & { contextWindow: number | null; maxOutputTokens: number | null };

export class ModelCatalogue {
  private readonly byId = new Map<string, ModelInfo>();

  constructor(readonly models: readonly ModelInfo[]) {
    for (const m of models) this.byId.set(m.id, m);
  }

  /** The catalogue model with this exact id, else undefined. */
  get(id: string): ModelInfo | undefined {
    return this.byId.get(id);
  }

  /**
   * Every catalogue model, then the fixtures' model ids it does not have (in their order),
   * those dated `created` (the server's clock, as the list always did for them). `hideOwners`
   * leaves out catalogue models of those owners unless a fixture names them (Anthropic's list
   * shows no `openai` or `google` models, as the real one does).
   * @example new ModelCatalogue([gpt5]).listed(['my-model'], 0).map((m) => m.id) // ['gpt-5', 'my-model']
   */
  listed(fixtureIds: readonly string[], created: number, hideOwners: readonly string[] = []): ListedModel[] {
    const out: ListedModel[] = [];
    for (const m of this.models) if (!hideOwners.includes(m.ownedBy) || fixtureIds.includes(m.id)) out.push(m);
    for (const id of fixtureIds) if (!this.byId.has(id)) out.push(fixtureModel(id, created));
    return out;
  }

  /** A listed model by id (the same rules as `listed`), else undefined. */
  find(id: string, fixtureIds: readonly string[], created: number, hideOwners: readonly string[] = []): ListedModel | undefined {
    const known = this.byId.get(id);
    if (known) return !hideOwners.includes(known.ownedBy) || fixtureIds.includes(id) ? known : undefined;
    return fixtureIds.includes(id) ? fixtureModel(id, created) : undefined;
  }
}

/** A model id only a fixture names: listed, never held to a window. */
function fixtureModel(id: string, created: number): ListedModel {
  return { id, displayName: id, ownedBy: 'llmposter', created, contextWindow: null, maxOutputTokens: null };
}
