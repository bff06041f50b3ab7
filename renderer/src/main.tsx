import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { FluentProvider, makeStaticStyles, webLightTheme } from '@fluentui/react-components'
import { App } from './app'

// Through Griffel, not an imported .css file: Vite's dev server would inject that as a <style> with text, which the CSP blocks.
const usePageStyles = makeStaticStyles({
  body: { margin: 0 },
})

function Root() {
  usePageStyles()
  return (
    <FluentProvider theme={webLightTheme}>
      <App />
    </FluentProvider>
  )
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Root />
  </StrictMode>,
)
