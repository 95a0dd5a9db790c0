import { Pressable, Text } from 'react-native'
import { styles } from './styles'

export function Button({ title, onPress, small }: { title: string; onPress(): void; small?: boolean }) {
  return (
    <Pressable accessibilityRole="button" onPress={onPress} style={small ? styles.small : styles.button}>
      <Text style={small ? undefined : styles.buttonText}>{title}</Text>
    </Pressable>
  )
}
