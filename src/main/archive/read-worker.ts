// The read worker thread (out/main/read-worker.js): answers the contract's heavy reads on its own read-only connection.

import { handleCalls } from '../workers/worker-side'
import { backup, bundleFile, integrity, read, readJson, warm } from './read-handlers'

handleCalls({ backup, bundleFile, integrity, read, readJson, warm })
