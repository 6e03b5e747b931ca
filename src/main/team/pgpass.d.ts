// Types for pgpass (the ~/.pgpass reader node-postgres itself uses), which ships none.

declare module 'pgpass' {
  interface ConnectionInfo {
    host?: string
    port?: number
    database?: string
    user?: string
  }
  function pgpass(info: ConnectionInfo, done: (password?: string) => void): void
  export default pgpass
}
