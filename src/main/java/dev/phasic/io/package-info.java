/** Files that are whole or absent, and environment faults reported as one line. */
package dev.phasic.io;
