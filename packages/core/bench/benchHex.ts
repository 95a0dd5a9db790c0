/** 64 hex digits that depend only on `n` and `salt`: keys and values a benchmark can make again. */
export const hex = (n: number, salt: string) => {
  let out = ''
  for (let i = 0; out.length < 64; i++)
    out += ((n * 2654435761 + i * 40503 + salt.charCodeAt(i % salt.length)) >>> 0)
      .toString(16)
      .padStart(8, '0')
  return out.slice(0, 64)
}
