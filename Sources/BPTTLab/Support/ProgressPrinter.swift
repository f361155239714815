import Foundation
import BPTTCorpus
import BPTTTraining

/// Headless progress: on a terminal one line rewritten in place (a bar when the number of steps is
/// known); otherwise a plain line every few seconds, in the spirit of rnnlm's entropy and words/s lines.
final class ProgressPrinter {
    private let quiet: Bool
    private let unit: TokenLevel
    private let maxSteps: Int
    /// Training tokens an epoch predicts (0 when unknown: no ETA).
    private let epochTokens: Int
    private let interactive = isatty(STDOUT_FILENO) == 1
    private var lastPrint = Date.distantPast
    private var lineOpen = false
    private var lastValidCount = 0

    init(quiet: Bool, unit: TokenLevel, maxSteps: Int, epochTokens: Int = 0) {
        self.quiet = quiet
        self.unit = unit
        self.maxSteps = maxSteps
        self.epochTokens = epochTokens
    }

    /// "m:ss", or "h:mm:ss" from an hour.
    static func clock(_ seconds: Double) -> String {
        let total = Int(max(0, seconds.isFinite ? seconds : 0).rounded())
        let (h, m, s) = (total / 3600, total / 60 % 60, total % 60)
        return h > 0 ? String(format: "%d:%02d:%02d", h, m, s) : String(format: "%d:%02d", m, s)
    }

    func line(_ text: String) {
        finishLine()
        writeStandardOutput(text + "\n")
    }

    func update(_ snapshot: TrainingSnapshot) {
        guard !quiet else { return }
        let now = Date()
        let newValidation = snapshot.validLoss.count > lastValidCount
        let interval = interactive ? 0.25 : 5.0
        guard newValidation || now.timeIntervalSince(lastPrint) >= interval else { return }
        lastPrint = now
        lastValidCount = snapshot.validLoss.count
        let text = describe(snapshot)
        if interactive {
            let columns = Int(ProcessInfo.processInfo.environment["COLUMNS"] ?? "") ?? 100
            writeStandardOutput("\r\u{1B}[2K" + String(text.prefix(max(20, columns - 1))))
            lineOpen = true
            if newValidation, let valid = snapshot.validLoss.last { line("valid at step \(valid.step): \(lossText(valid.loss))") }
        } else {
            writeStandardOutput(text + "\n")
            if newValidation, let valid = snapshot.validLoss.last {
                writeStandardOutput("valid at step \(valid.step): \(lossText(valid.loss))\n")
            }
        }
        fflush(nil)
    }

    func finishLine() {
        if lineOpen { writeStandardOutput("\n"); lineOpen = false }
    }

    private func describe(_ s: TrainingSnapshot) -> String {
        var parts: [String] = []
        if maxSteps > 0 {
            let width = 20
            let done = min(width, s.step * width / max(1, maxSteps))
            parts.append("[" + String(repeating: "#", count: done) + String(repeating: ".", count: width - done) + "]")
            parts.append("step \(s.step)/\(maxSteps)")
        } else {
            parts.append("step \(s.step)")
        }
        // Where the epoch is and, at the live rate, when it ends (as rnnlm's and faster-rnnlm's lines).
        var epoch = "epoch \(s.epoch) \(Int(100 * s.epochFraction))%"
        if s.state == .training, s.tokensPerSecond > 0, epochTokens > 0 {
            epoch += " ETA " + Self.clock((1 - s.epochFraction) * Double(epochTokens) / s.tokensPerSecond)
        }
        parts.append(epoch)
        let recent = s.trainLoss.suffix(10).map(\.loss)
        if !recent.isEmpty { parts.append("train " + lossText(recent.reduce(0, +) / Double(recent.count))) }
        // The rate only while training: paused or finished, a leftover figure would mislead.
        parts.append(s.state == .training ? "\(CompactNumber.format(s.tokensPerSecond, decimals: 0)) \(unit == .word ? "words" : "chars")/s" : String(s.state.label.split(separator: ":").first ?? ""))
        parts.append(String(format: "lr %.3g", s.learningRate))
        return parts.joined(separator: "  ")
    }

    private func lossText(_ loss: Double) -> String {
        unit == .char
            ? "\(CompactNumber.format(loss / log(2))) bits/char (ppl \(CompactNumber.format(exp(loss), decimals: 3)))"
            : "ppl \(CompactNumber.format(exp(loss), decimals: 2)) (\(CompactNumber.format(loss)) nats)"
    }
}
