#!/usr/bin/env node
/** The `llmposter` command. Exit codes: 0 ok, 1 runtime failure (port in use), 2 bad usage/config/fixtures. */
import { Command } from 'commander';

// commander's own usage errors (unknown option, bad value) are exit 2 like every bad input.
const usageExit = (err: { exitCode: number }) => process.exit(err.exitCode === 0 ? 0 : 2);

const program = new Command('llmposter')
  .description('Mock LLM API server: deterministic fixtures, reproducible faults, realistic traffic')
  .version('0.1.0')
  .exitOverride(usageExit);

// The commands that do not serve, loaded alone when named: the server's module graph (serve is
// the default command) is most of the CLI's start-up time, and `validate` in a watch loop or an
// editor's save hook should not pay it.
const LIGHT_COMMANDS: Record<string, () => Promise<Command>> = {
  validate: async () => (await import('./validate.js')).validateCommand(),
  presets: async () => (await import('./presets.js')).presetsCommand(),
  init: async () => (await import('./init.js')).initCommand(),
};

const named = LIGHT_COMMANDS[process.argv[2] ?? ''];
if (named) {
  program.addCommand((await named()).exitOverride(usageExit));
} else {
  const { serveCommand } = await import('./serve.js');
  const serve = serveCommand().exitOverride(usageExit);
  program.addCommand(serve, { isDefault: true });
  // `llmposter --help` is what people type first, and serve is the default command: show its
  // options there too, not only under `llmposter serve --help`.
  program.addHelpText('after', () => {
    const help = serve.createHelp();
    const options = help.formatHelp(serve, help).replace(/^[\s\S]*?Options:\n/, '');
    return `\nOptions of serve (the default command: \`llmposter --fixtures DIR\` serves):\n${options}`;
  });
  for (const load of Object.values(LIGHT_COMMANDS)) program.addCommand((await load()).exitOverride(usageExit));
}

await program.parseAsync(process.argv);
