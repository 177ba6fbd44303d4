import { keysStoreCase } from '../keys-store.case.js';
import { MemoryKeysStore } from './memory-keys-store.js';

keysStoreCase('memory', async (options) => ({ store: new MemoryKeysStore(options) }));
