/**
 * Toolbox below the features: sessions — each view model saves and restores its own part
 * ({@link org.gapscope.app.session.SessionPart}), the store writes them to one file atomically and
 * reads files of every earlier layout. Knows no feature.
 */
package org.gapscope.app.session;
