/** The browser app's entry: theme first (no flash of the wrong one), then the app. */
import { render } from 'preact';
import { App } from './App';
import './styles.css';
import { followStoredTheme } from './theme';

followStoredTheme();
render(<App />, document.getElementById('app')!);
