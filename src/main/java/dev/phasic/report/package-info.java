/** What a person looks at: image grids and video strips (PNG, GIF), charts and the self-contained HTML report. */
package dev.phasic.report;
