/** The JavaFX explorer: launcher and composition root. */
package org.gapscope.app;
