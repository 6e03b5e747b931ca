// The archive's writing thread (out/main/writer-worker.js): see handlers.ts.

import { handleCalls } from '../workers/worker-side'
import { call, callBody, noteDamage, start, state, stop, stopImports } from './handlers'

handleCalls({ call, callBody, noteDamage, start, state, stop, stopImports })
