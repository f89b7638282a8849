/** Shared utilities below everything else: files that are whole or absent, environment faults as one line, JSON, progress lines. */
package dev.phasic.io;
