// Runs before each test file: the temporary folders kept for the whole file go when its tests are done.

import { afterAll } from 'vitest'
import { removeFoldersOfFile } from './helpers/archive'

afterAll(removeFoldersOfFile)
