/**
 * The window composer, above the features: the main window (menu bar, example list, audio pane,
 * analysis tabs, status bar) built from the feature views, and the main view model (status line,
 * theme, presentation mode, the selected tab, sessions, opening what ships). It receives the feature
 * view models ready wired from the composition root; no feature depends on it.
 */
package org.gapscope.app.window;
