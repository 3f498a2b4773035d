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

/// A list's `sort` value: one of `keys` (ascending), or one with `-` before it (descending). `None` for
/// anything else, which the list answers with a field error on `sort`. [`sort_schema`] documents the same
/// values, so that the OpenAPI document and the server accept exactly the same sorts.
pub fn parse_sort(sort: &str, keys: &[&'static str]) -> Option<(&'static str, bool)> {
    let (key, descending) = match sort.strip_prefix('-') {
        Some(key) => (key, true),
        None => (sort, false),
    };
    keys.iter().find(|k| **k == key).map(|k| (*k, descending))
}

/// The OpenAPI schema of a `sort` that [`parse_sort`] reads with `keys`: an enum of each key and `-key`.
#[cfg(feature = "openapi")]
pub fn sort_schema(keys: &[&str]) -> utoipa::openapi::schema::Object {
    let values: Vec<String> = keys.iter().flat_map(|k| [(*k).to_owned(), format!("-{k}")]).collect();
    utoipa::openapi::schema::ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::Type::String)
        .enum_values(Some(values))
        .description(Some(format!("Sort by {}; prefix `-` for descending", keys.join(", "))))
        .build()
}

/// [`sort_schema`] for a body field, where `null` means the default order.
#[cfg(feature = "openapi")]
pub fn nullable_sort_schema(keys: &[&str]) -> utoipa::openapi::schema::Object {
    use utoipa::openapi::schema::{SchemaType, Type};
    let mut values: Vec<serde_json::Value> = keys.iter().flat_map(|k| [(*k).into(), format!("-{k}").into()]).collect();
    values.push(serde_json::Value::Null);
    let mut schema = sort_schema(keys);
    schema.schema_type = SchemaType::from_iter([Type::String, Type::Null]);
    schema.enum_values = Some(values);
    schema
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validation::Errors;

    #[test]
    fn a_sort_is_a_key_or_a_key_with_one_minus() {
        let keys = ["name", "createdAt"];
        assert_eq!(parse_sort("name", &keys), Some(("name", false)));
        assert_eq!(parse_sort("-createdAt", &keys), Some(("createdAt", true)));
        for wrong in ["--name", "Name", "", "-", "name-", "id"] {
            assert_eq!(parse_sort(wrong, &keys), None, "{wrong}");
        }
    }

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
