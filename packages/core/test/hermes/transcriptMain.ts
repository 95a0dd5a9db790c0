// The transcript alone, for Node's own build of the core (see hermes.test.ts).
import { computeTranscript } from './transcript.js'

computeTranscript().then((transcript) => console.log(`TRANSCRIPT ${JSON.stringify(transcript)}`))
