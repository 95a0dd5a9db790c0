import { StyleSheet } from 'react-native'

export const styles = StyleSheet.create({
  screen: { flex: 1, paddingTop: 56, paddingHorizontal: 16, backgroundColor: '#fff' },
  title: { fontSize: 22, fontWeight: '600', marginBottom: 8 },
  heading: { fontSize: 16, fontWeight: '600', marginTop: 20, marginBottom: 6 },
  muted: { color: '#666' },
  error: { color: '#b00020', marginVertical: 6 },
  row: { flexDirection: 'row', alignItems: 'center', justifyContent: 'space-between', paddingVertical: 8 },
  rowText: { flex: 1, marginRight: 8 },
  button: {
    backgroundColor: '#3b5bdb',
    paddingVertical: 10,
    paddingHorizontal: 14,
    borderRadius: 8,
    marginVertical: 4,
  },
  buttonText: { color: '#fff', fontWeight: '600', textAlign: 'center' },
  small: { paddingVertical: 6, paddingHorizontal: 10, borderRadius: 6, backgroundColor: '#e9ecef' },
  card: { borderWidth: 1, borderColor: '#ddd', borderRadius: 8, padding: 12, marginVertical: 8 },
})
