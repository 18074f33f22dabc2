import '@fontsource/jetbrains-mono/400.css';
import '@fontsource/jetbrains-mono/600.css';
import './styles/tokens.css';
import './styles/base.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/frame/app';
import { boot } from './api/boot';
import { ClientProvider } from './app/hooks/client-context';
import { MissingToken } from './app/frame/missing-token';
import { applyInitialTheme } from './app/hooks/use-theme';

applyInitialTheme();
const started = boot();
const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root');

createRoot(root).render(
  <StrictMode>
    {started.ok ? (
      <ClientProvider client={started.client}>
        <App />
      </ClientProvider>
    ) : (
      <MissingToken />
    )}
  </StrictMode>,
);
