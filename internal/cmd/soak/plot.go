package main

import (
	"fmt"
	"image/color"
	"io"
	"path/filepath"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// plotFormat returns "png" or "svg" from the extension of path.
func plotFormat(path string) (string, error) {
	switch ext := strings.ToLower(filepath.Ext(path)); ext {
	case ".png", ".svg":
		return ext[1:], nil
	default:
		return "", fmt.Errorf("-out %q: the plot must be a .png or .svg file", path)
	}
}

// series is one line of a panel.
type series struct {
	name  string
	color color.Color
	y     func(Sample) float64
}

// panel is one plot of the figure.
type panel struct {
	title, unit string
	lines       []series
}

var (
	blue   = color.RGBA{R: 31, G: 119, B: 180, A: 255}
	orange = color.RGBA{R: 255, G: 127, B: 14, A: 255}
	red    = color.RGBA{R: 214, G: 39, B: 40, A: 255}
	green  = color.RGBA{R: 44, G: 160, B: 44, A: 255}
	purple = color.RGBA{R: 148, G: 103, B: 189, A: 255}
)

// panels are the figure's rows, top to bottom.
var panels = []panel{
	{"HTTP requests (cumulative)", "requests", []series{
		{"requests", blue, func(s Sample) float64 { return float64(s.Requests) }},
	}},
	{"Errors (cumulative)", "errors", []series{
		{"HTTP attempts failed (transport, status ≥ 400)", orange, func(s Sample) float64 { return float64(s.HTTPErrors) }},
		{"calls failed (after retries)", red, func(s Sample) float64 { return float64(s.CallErrors) }},
	}},
	{"WebSocket reconnects (cumulative)", "reconnects", []series{
		{"reconnects", purple, func(s Sample) float64 { return float64(s.Reconnects) }},
	}},
	{"Live heap (after GC)", "MiB", []series{
		{"heap", green, func(s Sample) float64 { return mib(s.HeapBytes) }},
	}},
	{"Goroutines", "goroutines", []series{
		{"goroutines", blue, func(s Sample) float64 { return float64(s.Goroutines) }},
	}},
}

// writePlot draws samples as stacked panels sharing the time axis (in
// seconds) and writes the figure to w as format ("png" or "svg").
func writePlot(w io.Writer, format, title string, samples []Sample) error {
	const width, rowHeight = 8 * vg.Inch, 2.2 * vg.Inch
	height := rowHeight*vg.Length(len(panels)) + 0.4*vg.Inch
	maxX := 1.0
	if n := len(samples); n > 0 && samples[n-1].Elapsed.Seconds() > maxX {
		maxX = samples[n-1].Elapsed.Seconds()
	}
	rows := make([][]*plot.Plot, len(panels))
	for i, pn := range panels {
		p := plot.New()
		p.Title.Text = pn.title
		if i == 0 {
			p.Title.Text = title + "\n" + pn.title
		}
		p.Y.Label.Text = pn.unit
		p.Y.Tick.Marker = plainTicks{}
		p.X.Label.Text = "elapsed (s)"
		p.X.Min, p.X.Max = 0, maxX
		p.Y.Min = 0
		p.Add(plotter.NewGrid())
		for _, sr := range pn.lines {
			xys := make(plotter.XYs, len(samples))
			for j, s := range samples {
				xys[j].X, xys[j].Y = s.Elapsed.Seconds(), sr.y(s)
			}
			l, err := plotter.NewLine(xys)
			if err != nil {
				return err
			}
			l.Color, l.Width = sr.color, vg.Points(1.5)
			p.Add(l)
			if len(pn.lines) > 1 {
				p.Legend.Add(sr.name, l)
			}
		}
		if len(pn.lines) > 1 {
			p.Legend.Top, p.Legend.Left = true, true
			p.Legend.XOffs, p.Legend.YOffs = vg.Millimeter, -vg.Millimeter
		}
		if p.Y.Max < 1 {
			p.Y.Max = 1 // an all-zero series keeps a 0..1 axis
		}
		rows[i] = []*plot.Plot{p}
	}
	tiles := draw.Tiles{Rows: len(panels), Cols: 1, PadX: vg.Millimeter, PadY: 4 * vg.Millimeter,
		PadTop: 2 * vg.Millimeter, PadBottom: 2 * vg.Millimeter, PadLeft: 2 * vg.Millimeter, PadRight: 4 * vg.Millimeter}
	var canvas vg.CanvasWriterTo
	switch format {
	case "png":
		canvas = vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(width, height), vgimg.UseDPI(96))}
	case "svg":
		canvas = vgsvg.New(width, height)
	default:
		return fmt.Errorf("unknown plot format %q", format)
	}
	dc := draw.New(canvas)
	cs := plot.Align(rows, tiles, dc)
	for i := range rows {
		rows[i][0].Draw(cs[i][0])
	}
	_, err := canvas.WriteTo(w)
	return err
}

// plainTicks are gonum's default ticks, labelled without trailing zeros
// ("500", not "500.00").
type plainTicks struct{}

// Ticks returns the default ticks between min and max with plain labels.
func (plainTicks) Ticks(min, max float64) []plot.Tick {
	ticks := plot.DefaultTicks{}.Ticks(min, max)
	for i := range ticks {
		if ticks[i].Label != "" {
			ticks[i].Label = strconv.FormatFloat(ticks[i].Value, 'f', -1, 64)
		}
	}
	return ticks
}
