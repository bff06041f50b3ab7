import { StrictMode, useEffect } from 'react'
import { createRoot } from 'react-dom/client'
import { FluentProvider, makeStaticStyles, webDarkTheme, webLightTheme } from '@fluentui/react-components'
import { App } from './app'
import { useColorScheme } from './components/use-color-scheme'

// Through Griffel, not an imported .css file: Vite's dev server would inject that as a <style> with text, which the CSP blocks.
const usePageStyles = makeStaticStyles({
  body: { margin: 0 },
})

function Root() {
  usePageStyles()
  const scheme = useColorScheme()
  useEffect(() => {
    // Native parts (scroll bars, form controls, the caret) follow the theme too.
    document.documentElement.style.colorScheme = scheme.dark ? 'dark' : 'light'
  }, [scheme.dark])
  return (
    <FluentProvider theme={scheme.dark ? webDarkTheme : webLightTheme}>
      <App appearance={scheme} />
    </FluentProvider>
  )
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Root />
  </StrictMode>,
)
