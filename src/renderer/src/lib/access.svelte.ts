// Whether serve mode refused this page for want of its access token (the app then shows how to get in).

export const access = $state({ needsToken: false })
