import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import './styles/base.css';
import './styles/layout.css';
import './styles/components.css';
import './styles/list.css';
import './styles/parity.css';
import './styles/fixes.css';
import './styles/sync.css';
import './styles/vault-identity.css';
import './styles/first-run.css';

const root = document.getElementById('root');
if (root) createRoot(root).render(<StrictMode><App /></StrictMode>);
