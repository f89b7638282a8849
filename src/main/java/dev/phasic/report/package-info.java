/** What a person looks at: image grids as PNG (later charts and HTML reports). */
package dev.phasic.report;
