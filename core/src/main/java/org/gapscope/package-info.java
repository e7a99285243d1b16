/** GapScope core: the library behind the explorer and the command line; never imports JavaFX. */
package org.gapscope;
