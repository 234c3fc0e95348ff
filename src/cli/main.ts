#!/usr/bin/env node
/** The `llmposter` command. Exit codes: 0 ok, 1 runtime failure (port in use), 2 bad usage/config/fixtures. */
import { Command } from 'commander';
import { serveCommand } from './serve.js';
import { validateCommand } from './validate.js';
import { presetsCommand } from './presets.js';
import { initCommand } from './init.js';

// commander's own usage errors (unknown option, bad value) are exit 2 like every bad input.
const usageExit = (err: { exitCode: number }) => process.exit(err.exitCode === 0 ? 0 : 2);

const program = new Command('llmposter')
  .description('Mock LLM API server: deterministic fixtures, reproducible faults, realistic traffic')
  .version('0.1.0')
  .exitOverride(usageExit);

const serve = serveCommand().exitOverride(usageExit);
program.addCommand(serve, { isDefault: true });
// `llmposter --help` is what people type first, and serve is the default command: show its
// options there too, not only under `llmposter serve --help`.
program.addHelpText('after', () => {
  const help = serve.createHelp();
  const options = help.formatHelp(serve, help).replace(/^[\s\S]*?Options:\n/, '');
  return `\nOptions of serve (the default command: \`llmposter --fixtures DIR\` serves):\n${options}`;
});
program.addCommand(validateCommand().exitOverride(usageExit));
program.addCommand(presetsCommand().exitOverride(usageExit));
program.addCommand(initCommand().exitOverride(usageExit));

await program.parseAsync(process.argv);
