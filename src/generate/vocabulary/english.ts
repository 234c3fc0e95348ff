/**
 * The `english` vocabulary for generated answers (`response.random.vocabulary: english`): a
 * few hundred common English words, lowercase, no duplicates. Words are drawn with
 * replacement, so the list only needs to be long enough to read like varied text.
 */
export const ENGLISH_WORDS: readonly string[] = [
  'the', 'of', 'and', 'to', 'in', 'is', 'was', 'that', 'for', 'it', 'with', 'as', 'on', 'be', 'at',
  'by', 'this', 'had', 'not', 'are', 'but', 'from', 'or', 'have', 'an', 'they', 'which', 'one',
  'you', 'were', 'all', 'we', 'when', 'there', 'can', 'been', 'has', 'more', 'if', 'will', 'would',
  'about', 'so', 'what', 'up', 'out', 'into', 'time', 'them', 'some', 'could', 'two', 'other',
  'then', 'than', 'its', 'only', 'new', 'like', 'people', 'now', 'any', 'may', 'over', 'very',
  'also', 'after', 'most', 'made', 'first', 'well', 'year', 'just', 'way', 'even', 'work',
  'because', 'good', 'these', 'through', 'years', 'where', 'much', 'back', 'day', 'before', 'many',
  'should', 'must', 'life', 'know', 'still', 'between', 'never', 'same', 'long', 'last', 'great',
  'down', 'see', 'own', 'old', 'place', 'while', 'under', 'world', 'might', 'state', 'think',
  'again', 'part', 'off', 'high', 'right', 'every', 'take', 'small', 'does', 'found', 'come',
  'home', 'since', 'end', 'four', 'use', 'another', 'water', 'each', 'want', 'little', 'without',
  'man', 'house', 'help', 'make', 'here', 'against', 'three', 'hand', 'both', 'number', 'show',
  'give', 'around', 'during', 'night', 'point', 'school', 'among', 'public', 'order', 'often',
  'leave', 'country', 'change', 'group', 'city', 'keep', 'thought', 'area', 'become', 'something',
  'such', 'turn', 'quite', 'name', 'family', 'light', 'side', 'began', 'next', 'start', 'real',
  'kind', 'less', 'morning', 'idea', 'answer', 'question', 'system', 'study', 'story', 'fact',
  'word', 'early', 'open', 'later', 'line', 'close', 'young', 'follow', 'seem', 'music', 'book',
  'paper', 'week', 'plan', 'river', 'stop', 'hold', 'white', 'black', 'large', 'money', 'best',
  'build', 'short', 'table', 'south', 'north', 'east', 'west', 'road', 'door', 'food', 'hard',
  'mind', 'clear', 'game', 'human', 'level', 'reason', 'power', 'report', 'sure', 'full', 'bring',
  'voice', 'today', 'across', 'watch', 'face', 'common', 'field', 'heart', 'body', 'bed', 'true',
  'friend', 'market', 'simple', 'moment', 'nothing', 'happy', 'enough', 'free', 'green', 'window',
  'garden', 'problem', 'office', 'student', 'child', 'children', 'above', 'below', 'color', 'cold',
  'warm', 'sound', 'tell', 'ask', 'stand', 'spend', 'talk', 'learn', 'read', 'write', 'listen',
  'speak', 'carry', 'travel', 'return', 'reach', 'choose', 'decide', 'remember', 'explain',
  'offer', 'allow', 'create', 'provide', 'include', 'continue', 'produce', 'visit', 'move', 'play',
  'live', 'believe', 'happen', 'walk', 'grow', 'meet', 'lead', 'understand', 'pay', 'sit', 'send',
  'buy', 'serve', 'stay', 'fall', 'cut', 'raise', 'pass', 'sell', 'require', 'mean',
  'interest', 'late', 'special', 'strong', 'single', 'whole', 'dark', 'local', 'quick', 'slow',
  'bright', 'calm', 'careful', 'certain', 'easy', 'empty', 'fair', 'fresh', 'gentle', 'heavy',
  'huge', 'loud', 'narrow', 'quiet', 'rich', 'rough', 'round', 'sharp', 'smooth', 'soft', 'solid',
  'sweet', 'thick', 'thin', 'tiny', 'wide', 'wild', 'wise',
];
