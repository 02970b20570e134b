//! Projects with a RAG status, and the "39 of 44 reported green = 89%" summary.

use std::fmt;

use super::indicator::Rag;

/// A project of the partnership's delivery plan and its reported status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Project {
    /// The project's name.
    pub name: String,
    /// Its RAG status; `None` when no status was reported this period.
    pub rag: Option<Rag>,
}

/// Counts of RAG statuses.
///
/// # Examples
/// ```
/// use outreach::kpi::{Rag, RagSummary};
/// let mut statuses = vec![Some(Rag::Green); 39];
/// statuses.extend([Some(Rag::Amber); 4]);
/// statuses.push(Some(Rag::Red));
/// statuses.push(None);
/// let summary = RagSummary::of(statuses);
/// assert_eq!(summary.green_pct(), Some(89)); // 39 / 44 = 88.6%
/// assert_eq!(summary.to_string(), "39 of 44 reported green = 89%");
/// assert_eq!(summary.not_reported(), 1);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RagSummary {
    /// Green statuses.
    pub green: u64,
    /// Amber statuses.
    pub amber: u64,
    /// Red statuses.
    pub red: u64,
    /// Items without a status.
    pub unreported: u64,
}

impl RagSummary {
    /// Counts statuses (`None` = not reported).
    pub fn of(statuses: impl IntoIterator<Item = Option<Rag>>) -> Self {
        let mut s = RagSummary::default();
        for status in statuses {
            match status {
                Some(Rag::Green) => s.green += 1,
                Some(Rag::Amber) => s.amber += 1,
                Some(Rag::Red) => s.red += 1,
                None => s.unreported += 1,
            }
        }
        s
    }

    /// Counts the statuses of projects.
    pub fn of_projects(projects: &[Project]) -> Self {
        Self::of(projects.iter().map(|p| p.rag))
    }

    /// Items with a status.
    pub fn reported(&self) -> u64 {
        self.green + self.amber + self.red
    }

    /// Items without a status.
    pub fn not_reported(&self) -> u64 {
        self.unreported
    }

    /// Percentage of reported items that are green, rounded half up to a whole number as
    /// printed (exact integer arithmetic: 1 of 8 = 12.5% → 13%); `None` when nothing was
    /// reported.
    pub fn green_pct(&self) -> Option<u64> {
        let r = self.reported();
        (r > 0).then(|| (200 * self.green + r) / (2 * r))
    }
}

impl fmt::Display for RagSummary {
    /// `39 of 44 reported green = 89%`, or `none reported` when nothing was.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.green_pct() {
            Some(pct) => write!(
                f,
                "{} of {} reported green = {pct}%",
                self.green,
                self.reported()
            ),
            None => f.write_str("none reported"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_round_half_up_exactly() {
        let pct = |g: usize, r: usize| {
            let mut v = vec![Some(Rag::Green); g];
            v.extend(vec![Some(Rag::Red); r - g]);
            RagSummary::of(v).green_pct().unwrap()
        };
        assert_eq!(pct(1, 8), 13);
        assert_eq!(pct(1, 200), 1); // 0.5%
        assert_eq!(pct(1, 201), 0);
        assert_eq!(pct(2, 3), 67);
        assert_eq!(pct(5, 5), 100);
        assert_eq!(RagSummary::of([None]).to_string(), "none reported");
    }
}
