//! Address gazetteers (for [`crate::address`]) and partner address files.

use std::path::Path;

use super::csvblocks::{parse_rows, CsvBlocks};
use super::{reject, text, LoadReport};
use crate::address::quality::QualityRecord;
use crate::address::{AddressFields, AddressParts, ReferenceAddress};
use crate::error::Result;
use crate::uprn::Uprn;

/// Columns of an address gazetteer CSV.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddressColumns {
    /// UPRN column.
    pub uprn: String,
    /// Postcode column, if any.
    pub postcode: Option<String>,
    /// Parent UPRN column, if any.
    pub parent: Option<String>,
    /// Where the address itself is.
    pub layout: AddressLayout,
}

/// How a gazetteer CSV holds its addresses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AddressLayout {
    /// One column (or several, joined with ", ") with the whole address.
    Text(Vec<String>),
    /// Structured columns; any may be absent from a row (empty).
    Fields {
        /// Sub-building column (`FLAT 2`).
        sub_building: String,
        /// Building name column.
        building_name: String,
        /// House number column.
        number: String,
        /// Street column.
        street: String,
        /// Locality column.
        locality: String,
        /// Town column.
        town: String,
    },
}

impl AddressColumns {
    /// `uprn,address,postcode,parent_uprn`: one address string per row.
    pub fn text() -> Self {
        AddressColumns {
            uprn: "uprn".into(),
            postcode: Some("postcode".into()),
            parent: Some("parent_uprn".into()),
            layout: AddressLayout::Text(vec!["address".into()]),
        }
    }

    /// `uprn,subname,name,number,streetname,locality,townname,postcode,parentuprn`: the
    /// structured layout of AddressBase-style extracts.
    pub fn fields() -> Self {
        AddressColumns {
            uprn: "uprn".into(),
            postcode: Some("postcode".into()),
            parent: Some("parentuprn".into()),
            layout: AddressLayout::Fields {
                sub_building: "subname".into(),
                building_name: "name".into(),
                number: "number".into(),
                street: "streetname".into(),
                locality: "locality".into(),
                town: "townname".into(),
            },
        }
    }
}

/// Reads an address gazetteer (plain or gzip CSV) for
/// [`crate::address::AddressIndex::build`].
///
/// Rows with a missing or invalid UPRN, or with no address at all, are rejected with line
/// and field; an invalid parent UPRN is dropped with a warning (the row is kept).
///
/// # Errors
/// [`crate::Error::Format`] when a named column is missing or the CSV is malformed;
/// [`crate::Error::Io`] when the file cannot be read.
///
/// # Examples
/// ```no_run
/// use outreach::address::AddressIndex;
/// use outreach::io::{read_address_gazetteer, AddressColumns};
/// # fn main() -> outreach::Result<()> {
/// let (refs, report) = read_address_gazetteer("canonical.csv.gz".as_ref(), &AddressColumns::text())?;
/// assert!(report.is_consistent());
/// let index = AddressIndex::build(&refs)?;
/// # Ok(())
/// # }
/// ```
pub fn read_address_gazetteer(
    path: &Path,
    columns: &AddressColumns,
) -> Result<(Vec<ReferenceAddress>, LoadReport)> {
    let src = CsvBlocks::open(path)?;
    let uprn_col = src.column(&columns.uprn)?;
    let pc_col = columns
        .postcode
        .as_deref()
        .map(|c| src.column(c))
        .transpose()?;
    let parent_col = columns
        .parent
        .as_deref()
        .map(|c| src.column(c))
        .transpose()?;
    enum Cols {
        Text(Vec<usize>),
        Fields([usize; 6]),
    }
    let cols = match &columns.layout {
        AddressLayout::Text(names) => Cols::Text(
            names
                .iter()
                .map(|n| src.column(n))
                .collect::<Result<Vec<_>>>()?,
        ),
        AddressLayout::Fields {
            sub_building,
            building_name,
            number,
            street,
            locality,
            town,
        } => Cols::Fields([
            src.column(sub_building)?,
            src.column(building_name)?,
            src.column(number)?,
            src.column(street)?,
            src.column(locality)?,
            src.column(town)?,
        ]),
    };
    let headers = src.headers().to_vec();
    let name = |i: usize| headers.get(i).map(String::as_str);
    let (rows, mut report) = parse_rows(src, |line, rec| {
        let field = |i: usize| rec.get(i).and_then(text).unwrap_or("").to_string();
        let uprn = rec
            .get(uprn_col)
            .and_then(text)
            .ok_or_else(|| reject(line, name(uprn_col), "missing UPRN"))?;
        let uprn = uprn
            .parse::<Uprn>()
            .map_err(|e| reject(line, name(uprn_col), e.to_string()))?;
        let parts = match &cols {
            Cols::Text(cs) => {
                let t: Vec<String> = cs
                    .iter()
                    .map(|&c| field(c))
                    .filter(|s| !s.is_empty())
                    .collect();
                if t.is_empty() {
                    return Err(reject(
                        line,
                        cs.first().and_then(|&c| name(c)),
                        "missing address",
                    ));
                }
                AddressParts::Text(t.join(", "))
            }
            Cols::Fields(cs) => {
                let f = AddressFields {
                    sub_building: field(cs[0]),
                    building_name: field(cs[1]),
                    number: field(cs[2]),
                    street: field(cs[3]),
                    locality: field(cs[4]),
                    town: field(cs[5]),
                };
                if f.building_name.is_empty() && f.number.is_empty() && f.street.is_empty() {
                    return Err(reject(
                        line,
                        name(cs[3]),
                        "no building name, number or street",
                    ));
                }
                AddressParts::Fields(f)
            }
        };
        let postcode = pc_col
            .and_then(|c| rec.get(c))
            .and_then(text)
            .map(str::to_string);
        let parent_text = parent_col.and_then(|c| rec.get(c)).and_then(text);
        let parent = parent_text.map(|p| p.parse::<Uprn>());
        let bad_parent = matches!(parent, Some(Err(_)));
        Ok((
            ReferenceAddress {
                uprn,
                parent: parent.and_then(|p| p.ok()),
                postcode,
                parts,
            },
            bad_parent,
        ))
    })?;
    let mut out = Vec::with_capacity(rows.len());
    for (line, (r, bad_parent)) in rows {
        if bad_parent {
            report.warnings.push(reject(
                line,
                parent_col.and_then(name),
                "invalid parent UPRN: ignored",
            ));
        }
        out.push(r);
    }
    Ok((out, report))
}

/// One partner record to match: its id, address text and (when in its own column)
/// postcode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartnerAddress {
    /// The record's id in the partner system.
    pub id: String,
    /// The address as recorded.
    pub address: String,
    /// The postcode, when the file has a postcode column and the row a value.
    pub postcode: Option<String>,
}

/// Reads a partner address file (plain or gzip CSV) with an id column, an address column
/// and optionally a postcode column (otherwise the postcode may be inside the address).
/// Rows without an id or an address are rejected.
///
/// # Errors
/// [`crate::Error::Format`] when a named column is missing or the CSV is malformed;
/// [`crate::Error::Io`] when the file cannot be read.
pub fn read_partner_addresses(
    path: &Path,
    id: &str,
    address: &str,
    postcode: Option<&str>,
) -> Result<(Vec<PartnerAddress>, LoadReport)> {
    let src = CsvBlocks::open(path)?;
    let id_col = src.column(id)?;
    let addr_col = src.column(address)?;
    let pc_col = postcode.map(|c| src.column(c)).transpose()?;
    let (rows, report) = parse_rows(src, |line, rec| {
        let id = rec
            .get(id_col)
            .and_then(text)
            .ok_or_else(|| reject(line, Some(id), "missing id"))?;
        let addr = rec
            .get(addr_col)
            .and_then(text)
            .ok_or_else(|| reject(line, Some(address), "missing address"))?;
        Ok(PartnerAddress {
            id: id.to_string(),
            address: addr.to_string(),
            postcode: pc_col
                .and_then(|c| rec.get(c))
                .and_then(text)
                .map(str::to_string),
        })
    })?;
    Ok((rows.into_iter().map(|(_, r)| r).collect(), report))
}

/// Reads partner records for [`crate::address::quality::quality_report`]: like
/// [`read_partner_addresses`], plus the UPRN each record already carries when `uprn` names
/// a column (an empty value is none). Rows without an id or an address, or with a UPRN
/// that is not a valid UPRN, are rejected with line and field.
///
/// # Errors
/// [`crate::Error::Format`] when a named column is missing or the CSV is malformed;
/// [`crate::Error::Io`] when the file cannot be read.
pub fn read_quality_records(
    path: &Path,
    id: &str,
    address: &str,
    postcode: Option<&str>,
    uprn: Option<&str>,
) -> Result<(Vec<QualityRecord>, LoadReport)> {
    let src = CsvBlocks::open(path)?;
    let id_col = src.column(id)?;
    let addr_col = src.column(address)?;
    let pc_col = postcode.map(|c| src.column(c)).transpose()?;
    let uprn_col = uprn.map(|c| src.column(c)).transpose()?;
    let (rows, report) = parse_rows(src, |line, rec| {
        let id = rec
            .get(id_col)
            .and_then(text)
            .ok_or_else(|| reject(line, Some(id), "missing id"))?;
        let addr = rec
            .get(addr_col)
            .and_then(text)
            .ok_or_else(|| reject(line, Some(address), "missing address"))?;
        let carried = uprn_col
            .and_then(|c| rec.get(c))
            .and_then(text)
            .map(|u| u.parse::<Uprn>())
            .transpose()
            .map_err(|e| reject(line, uprn, e.to_string()))?;
        Ok(QualityRecord {
            id: id.to_string(),
            address: addr.to_string(),
            postcode: pc_col
                .and_then(|c| rec.get(c))
                .and_then(text)
                .map(str::to_string),
            uprn: carried,
        })
    })?;
    Ok((rows.into_iter().map(|(_, r)| r).collect(), report))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn rejects_bad_rows_and_counts_add_up() {
        let mut f = tempfile::NamedTempFile::new().unwrap();
        writeln!(f, "uprn,address,postcode,parent_uprn").unwrap();
        writeln!(f, "10,\"10 HIGH STREET, KELTON\",ZY1 1AA,").unwrap();
        writeln!(f, "x,\"11 HIGH STREET, KELTON\",ZY1 1AA,").unwrap();
        writeln!(f, "12,,ZY1 1AA,").unwrap();
        writeln!(f, "13,\"FLAT 1, 10 HIGH STREET\",ZY1 1AA,abc").unwrap();
        let (refs, report) = read_address_gazetteer(f.path(), &AddressColumns::text()).unwrap();
        assert_eq!(refs.len(), 2);
        assert_eq!(report.rows_read, 4);
        assert!(report.is_consistent());
        assert_eq!(report.rejected.len(), 2);
        assert_eq!(report.rejected[0].line, 3);
        assert_eq!(report.rejected[1].field.as_deref(), Some("address"));
        assert_eq!(report.warnings.len(), 1);
        assert_eq!(refs[1].parent, None);
    }

    #[test]
    fn quality_records_carry_their_uprn_and_reject_bad_ones() {
        let mut f = tempfile::NamedTempFile::new().unwrap();
        writeln!(f, "ref,addr,pc,uprn").unwrap();
        writeln!(f, "a,10 High St,ZY1 1AA,100").unwrap();
        writeln!(f, "b,12 High St,,").unwrap();
        writeln!(f, "c,14 High St,,12x").unwrap();
        let (recs, report) =
            read_quality_records(f.path(), "ref", "addr", Some("pc"), Some("uprn")).unwrap();
        assert_eq!(report.rows_read, 3);
        assert!(report.is_consistent());
        assert_eq!(recs.len(), 2);
        assert_eq!(recs[0].uprn, Some(Uprn::new(100).unwrap()));
        assert_eq!((recs[1].uprn, recs[1].postcode.as_deref()), (None, None));
        assert_eq!(report.rejected[0].line, 4);
        assert_eq!(report.rejected[0].field.as_deref(), Some("uprn"));
    }
}
