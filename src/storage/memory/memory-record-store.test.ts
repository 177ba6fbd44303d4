import { recordStoreCase } from '../record-store.case.js';
import { MemoryRecordStore } from './memory-record-store.js';

recordStoreCase('memory', async (options) => ({ store: new MemoryRecordStore(options) }));
