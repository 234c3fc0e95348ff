/**
 * ajv's class, loaded on first use: importing ajv takes about 50 ms, a sixth of the CLI's
 * start-up budget, and `llmposter --help` or a `validate` run from the built package (which
 * carries the fixture schema pre-compiled) never needs it. A synchronous require, since ajv is
 * CommonJS and the callers are synchronous.
 */
import { createRequire } from 'node:module';
import type AjvModule from 'ajv';

const requireCjs = createRequire(import.meta.url);

/** The Ajv constructor (ajv's module.exports is the class, with `.default` pointing at it too). */
export function loadAjv(): typeof AjvModule.default {
  return (requireCjs('ajv') as typeof AjvModule).default;
}
