/**
 * A small ELIZA: the job simulator's default `llm.chat` answer when no fixture matches (seed
 * 002's "ELIZA default mode"). Replies are conversational enough for interactive testing and
 * fully determined by the input and the rng, so a seeded run replays the same text.
 *
 * Keywords are matched on word boundaries (dummyLLM matched substrings, so "this" fired the
 * "hi" rule) and case-insensitively; the first rule in the list below wins.
 */
import type { Rng } from '../random/rng.js';

interface ElizaRule {
  /** Matched case-insensitively on word boundaries. */
  keyword: RegExp;
  /** `{0}` is the reflected text after the keyword ("that" when empty); `{kw}` the keyword. */
  templates: readonly string[];
}

const word = (alternatives: string) => new RegExp(`(?<![\\p{L}\\p{N}'])(?:${alternatives})(?![\\p{L}\\p{N}'])`, 'iu');

/** Priority order: "i need" beats "because" when both appear. */
export const ELIZA_RULES: readonly ElizaRule[] = [
  { keyword: word('i need'), templates: ['Why do you need {0}?', 'Would it really help you to get {0}?', 'Are you sure you need {0}?'] },
  { keyword: word("i am|i'm"), templates: ['How long have you been {0}?', 'How do you feel about being {0}?', "Why do you tell me you're {0}?"] },
  { keyword: word('i feel'), templates: ['Do you often feel {0}?', 'When do you usually feel {0}?', 'What makes you feel {0}?'] },
  { keyword: word('because'), templates: ['Is that the real reason?', 'What other reasons come to mind?', 'Does that reason explain anything else?'] },
  { keyword: word('why'), templates: ['Why do you ask?', 'What do you think?', 'What answer would satisfy you most?'] },
  { keyword: word('hello|hi|hey'), templates: ['Hello. How are you feeling today?', "Hi there. What's on your mind?", 'Hello. What would you like to talk about?'] },
  { keyword: word('mother|father'), templates: ['Tell me more about your {kw}.', 'How do you get along with your {kw}?', 'How does your {kw} make you feel?'] },
  { keyword: word('always'), templates: ['Can you think of a specific example?', 'When did that last happen?', 'Really, always?'] },
];

export const ELIZA_FALLBACKS: readonly string[] = [
  'Please tell me more.',
  'How does that make you feel?',
  'Why do you say that?',
  'Can you elaborate on that?',
  "Let's explore that a bit further.",
  'I see. Go on.',
];

/** What ELIZA says to an empty message. */
export const ELIZA_OPENER = 'Hello. What would you like to talk about?';

/**
 * First and second person swap places. Two-word phrases come first so "you are" becomes
 * "I am" rather than "I are".
 */
export const ELIZA_REFLECTIONS: Readonly<Record<string, string>> = {
  'you are': 'I am',
  'are you': 'am I',
  'you were': 'I was',
  'i was': 'you were',
  'i am': 'you are',
  i: 'you',
  me: 'you',
  my: 'your',
  mine: 'yours',
  myself: 'yourself',
  am: 'are',
  "i'm": "you're",
  "i've": "you've",
  "i'd": "you'd",
  "i'll": "you'll",
  you: 'I',
  your: 'my',
  yours: 'mine',
  yourself: 'myself',
  "you're": "I'm",
  "you've": "I've",
  "you'd": "I'd",
  "you'll": "I'll",
};

// One pass over the text, longest keys first, so a reflected word is never reflected back.
const REFLECT_RE = new RegExp(
  `(?<![\\p{L}\\p{N}'])(?:${Object.keys(ELIZA_REFLECTIONS)
    .sort((a, b) => b.length - a.length)
    .map((k) => k.replace(/ /g, '\\s+'))
    .join('|')})(?![\\p{L}\\p{N}'])`,
  'giu',
);

/**
 * Swap first and second person.
 * @example reflect('I need my coffee') // 'you need your coffee'
 */
export function reflect(text: string): string {
  return text.replace(REFLECT_RE, (m) => ELIZA_REFLECTIONS[m.toLowerCase().replace(/\s+/g, ' ')] ?? m);
}

/**
 * ELIZA's answer to one user message. The template (or fallback) is chosen with `rng`; the
 * same text and an rng built from the same seed give the same reply.
 * @example
 * elizaReply('I need a holiday.', createRng(1)) // e.g. 'Why do you need a holiday?'
 * elizaReply('I am tired of my job', createRng(1)) // e.g. 'How long have you been tired of your job?'
 */
export function elizaReply(text: string, rng: Rng): string {
  // Curly apostrophes (phones, word processors) would otherwise miss "i'm".
  const input = text.replace(/[\u2018\u2019]/g, "'").trim();
  if (input === '') return ELIZA_OPENER;
  for (const rule of ELIZA_RULES) {
    const m = rule.keyword.exec(input);
    if (!m) continue;
    // The clause after the keyword, up to the end of its sentence.
    const tail = input.slice(m.index + m[0].length).split(/[.!?;]/)[0].replace(/^[\s,:-]+|[\s,:-]+$/g, '');
    const filler = tail === '' ? 'that' : reflect(tail);
    return rng.pick(rule.templates).replace('{0}', filler).replace('{kw}', m[0].toLowerCase());
  }
  return rng.pick(ELIZA_FALLBACKS);
}
