import { describe, it, expect } from '@jest/globals';
import { JSONFilePreset } from 'lowdb/node';
import chokidar from 'chokidar';
import { version } from '../src/index.js';
describe('esm', () => { it('loads', () => { expect(version).toBe('0.1.0'); expect(typeof JSONFilePreset).toBe('function'); expect(typeof chokidar.watch).toBe('function'); }); });
