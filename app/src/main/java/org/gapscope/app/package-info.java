/**
 * The JavaFX explorer's top: the launcher, the application, and the composition root, the one place
 * where services and view models are built and wired to each other (docs/decisions/explorer-layout.md).
 */
package org.gapscope.app;
