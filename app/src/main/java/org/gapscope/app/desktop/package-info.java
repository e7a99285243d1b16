/**
 * Toolbox below the features: what the program finds on the desktop it runs on — where shipped and
 * user files live, the system's file choosers, the microphone and the speaker (fakes in tests). Knows
 * no feature.
 */
package org.gapscope.app.desktop;
