/// Anything drawn on the dashboard: it draws itself into an area of the grid and never outside it
/// (ratatui's `Widget::render(area, buf)`). Panels, charts, sliders, bars, boxes, the status bar and
/// the overlays all are one; `DashboardRenderer` lays them out and draws each into its area.
protocol Widget {
    func draw(in area: Rect, grid: inout CellGrid)
}
