// Renderer entry: fonts, styles, and the Svelte app.

import '@fontsource-variable/noto-sans/wght.css'
import '@fontsource-variable/noto-serif/wght.css'
import '@fontsource-variable/noto-serif/wght-italic.css'
import './app.css'
import { mount } from 'svelte'
import App from './App.svelte'

const target = document.getElementById('app')
if (!target) throw new Error('missing #app')

export default mount(App, { target })
