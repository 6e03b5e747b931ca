// Renderer entry: fonts, styles, and the Svelte app.

import '@fontsource-variable/noto-sans/wght.css'
import '@fontsource-variable/noto-serif/wght.css'
import '@fontsource-variable/noto-serif/wght-italic.css'
import './app.css'
import { mount } from 'svelte'
import App from './App.svelte'
import { warmMarkdown } from './lib/markdown'

const target = document.getElementById('app')
if (!target) throw new Error('missing #app')

const app = mount(App, { target })
// Work every first use would otherwise pay, done once the page has nothing else to do.
requestIdleCallback(warmMarkdown)

export default app
