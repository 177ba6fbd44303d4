import { reviewStoreCase } from '../review-store.case.js';
import { MemoryRecordStore } from './memory-record-store.js';

reviewStoreCase('memory', async (options) => {
  const records = new MemoryRecordStore(options);
  return { records, reviews: records.reviews };
});
