//! Text search with `LIKE`, with the caller's `%`, `_` and `\` taken literally: a search for `100%` or
//! `a_b` finds those characters, never "anything". Every search of a text column goes through these.

use sea_orm::ColumnTrait;
use sea_orm::sea_query::{Expr, ExprTrait, LikeExpr};

const ESCAPE: char = '\\';

/// `term` with the `LIKE` wildcards and the escape character escaped.
pub fn escape_like(term: &str) -> String {
    let mut escaped = String::with_capacity(term.len());
    for c in term.chars() {
        if matches!(c, '%' | '_' | ESCAPE) {
            escaped.push(ESCAPE);
        }
        escaped.push(c);
    }
    escaped
}

/// `column LIKE '%term%' ESCAPE '\'`.
pub fn contains<C: ColumnTrait>(column: C, term: &str) -> Expr {
    Expr::col(column.as_column_ref()).like(LikeExpr::new(format!("%{}%", escape_like(term))).escape(ESCAPE))
}

/// `LOWER(column) LIKE '%term%' ESCAPE '\'` with `term` in lower case: case-insensitive on both databases,
/// for columns without a folded copy (accents still count there).
pub fn contains_ignoring_case<C: ColumnTrait>(column: C, term: &str) -> Expr {
    Expr::expr(sea_orm::sea_query::Func::lower(Expr::col(column.as_column_ref())))
        .like(LikeExpr::new(format!("%{}%", escape_like(&term.to_lowercase()))).escape(ESCAPE))
}

/// `column LIKE 'term%' ESCAPE '\'`.
pub fn starts_with<C: ColumnTrait>(column: C, term: &str) -> Expr {
    Expr::col(column.as_column_ref()).like(LikeExpr::new(format!("{}%", escape_like(term))).escape(ESCAPE))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_are_taken_literally() {
        assert_eq!(escape_like("100%_a\\b"), "100\\%\\_a\\\\b");
        assert_eq!(escape_like("de Boer"), "de Boer");
    }
}
