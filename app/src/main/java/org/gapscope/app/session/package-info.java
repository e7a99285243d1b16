/** Sessions: what is loaded and how the views are set, saved to a file and reopened. */
package org.gapscope.app.session;
