//! The one list shape of the API: `?page=1&pageSize=25`, answered with a [`Page`].

use serde::{Deserialize, Serialize};

pub const DEFAULT_PAGE_SIZE: u64 = 25;
pub const MAX_PAGE_SIZE: u64 = 100;
/// The highest page number a list accepts (so that the offset can never overflow): 100,000 pages.
pub const MAX_PAGE: u64 = 100_000;

/// One page of a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Page<T> {
    pub items: Vec<T>,
    /// 1-based page number.
    pub page: u64,
    pub page_size: u64,
    pub total_items: u64,
    pub total_pages: u64,
}

impl<T> Page<T> {
    pub fn new(items: Vec<T>, request: PageRequest, total_items: u64) -> Self {
        Self {
            items,
            page: request.page,
            page_size: request.page_size,
            total_items,
            total_pages: total_items.div_ceil(request.page_size.max(1)),
        }
    }
}

/// A validated page request: `page >= 1`, `1 <= pageSize <= 100`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRequest {
    pub page: u64,
    pub page_size: u64,
}

impl Default for PageRequest {
    fn default() -> Self {
        Self { page: 1, page_size: DEFAULT_PAGE_SIZE }
    }
}

impl PageRequest {
    /// Checks raw query values, pushing every error into `errors`.
    pub fn parse(page: Option<u64>, page_size: Option<u64>, errors: &mut crate::validation::Errors) -> Self {
        let page = page.unwrap_or(1);
        let page_size = page_size.unwrap_or(DEFAULT_PAGE_SIZE);
        if page < 1 {
            errors.add("page", "out_of_range", "page begint bij 1");
        } else if page > MAX_PAGE {
            errors.add("page", "out_of_range", format!("page is hoogstens {MAX_PAGE}"));
        }
        if !(1..=MAX_PAGE_SIZE).contains(&page_size) {
            errors.add("pageSize", "out_of_range", format!("pageSize ligt tussen 1 en {MAX_PAGE_SIZE}"));
        }
        Self { page: page.clamp(1, MAX_PAGE), page_size: page_size.clamp(1, MAX_PAGE_SIZE) }
    }

    pub fn offset(&self) -> u64 {
        (self.page - 1) * self.page_size
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validation::Errors;

    #[test]
    fn total_pages_rounds_up() {
        let page = Page::new(vec![1, 2], PageRequest { page: 1, page_size: 25 }, 51);
        assert_eq!(page.total_pages, 3);
        let empty: Page<u8> = Page::new(vec![], PageRequest::default(), 0);
        assert_eq!(empty.total_pages, 0);
    }

    #[test]
    fn page_size_above_the_maximum_is_an_error() {
        let mut errors = Errors::default();
        let request = PageRequest::parse(Some(0), Some(101), &mut errors);
        let names: Vec<_> = errors.into_vec().into_iter().map(|e| e.name).collect();
        assert_eq!(names, vec!["page", "pageSize"]);
        assert_eq!(request, PageRequest { page: 1, page_size: 100 });
    }

    #[test]
    fn a_huge_page_is_an_error_not_an_overflow() {
        let mut errors = Errors::default();
        let request = PageRequest::parse(Some(99_999_999_999_999), Some(100), &mut errors);
        assert_eq!(errors.into_vec()[0].name, "page");
        assert_eq!(request.page, MAX_PAGE);
        assert!(request.offset() < i64::MAX as u64);
    }

    #[test]
    fn offset_skips_earlier_pages() {
        assert_eq!(PageRequest { page: 3, page_size: 20 }.offset(), 40);
    }
}
