// React's production build, as apps ship it: the development build records and checks much more for
// every component and hook. Imported before React loads (it picks its build when first imported).
process.env.NODE_ENV = 'production'
