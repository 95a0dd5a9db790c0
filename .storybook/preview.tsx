import type { Preview } from '@storybook/react-vite'
import '../examples/chat-app/src/styles.css'

const preview: Preview = {
  parameters: {
    layout: 'padded',
    controls: { expanded: false },
  },
}

export default preview
