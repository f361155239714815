/// Where each panel goes. At the minimum size everything essential fits; larger screens give the
/// extra rows mostly to the charts and the extra columns to both columns proportionally.
struct DashboardLayout: Equatable {
    var status: Rect
    var loss: Rect
    var gradient: Rect
    var timing: Rect
    var truncation: Rect
    var sample: Rect

    init(width: Int, height: Int) {
        let screen = Rect(x: 0, y: 0, width: width, height: height)
        let (status, body) = screen.splitTop(1)
        let sampleRows = height >= 36 ? 6 : 4
        let (middle, sample) = body.splitBottom(sampleRows)
        let bottomRows = max(8, middle.height * 2 / 5)
        let (top, bottom) = middle.splitBottom(bottomRows)
        let (loss, gradient) = top.splitLeft(width * 11 / 20)
        let (timing, truncation) = bottom.splitLeft(width - max(32, width * 2 / 5))
        self.status = status
        self.loss = loss
        self.gradient = gradient
        self.timing = timing
        self.truncation = truncation
        self.sample = sample
    }
}
