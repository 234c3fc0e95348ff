#!/usr/bin/env node
/** The `llmposter` command. Exit codes: 0 ok, 1 runtime failure (port in use), 2 bad usage/config/fixtures. */
import { Command } from 'commander';
import { serveCommand } from './serve.js';
import { validateCommand } from './validate.js';

// commander's own usage errors (unknown option, bad value) are exit 2 like every bad input.
const usageExit = (err: { exitCode: number }) => process.exit(err.exitCode === 0 ? 0 : 2);

const program = new Command('llmposter')
  .description('Mock LLM API server: deterministic fixtures, reproducible faults, realistic traffic')
  .version('0.1.0')
  .exitOverride(usageExit);

program.addCommand(serveCommand().exitOverride(usageExit), { isDefault: true });
program.addCommand(validateCommand().exitOverride(usageExit));

await program.parseAsync(process.argv);
