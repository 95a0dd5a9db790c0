/** Runs `task` after the current macrotask: soon, but after other I/O callbacks of this turn. */
export function scheduleSoon(task: () => void): void {
  if (typeof setImmediate === 'function') setImmediate(task)
  else setTimeout(task, 0)
}
