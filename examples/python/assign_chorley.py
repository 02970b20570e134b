"""How many of Chorley's postcodes lie in each IMD 2019 decile?

Assigns every Code-Point Open postcode centroid of Chorley to its LSOA (2011), joins the
English Indices of Deprivation 2019 and prints postcodes per IMD decile (1 = most
deprived 10% of LSOAs in England). Uses the demo data shipped in examples/data/chorley.

    pip install outreach[pandas]
    python examples/python/assign_chorley.py      # from the repository root
"""

from pathlib import Path

import pandas as pd

import outreach

DATA = Path("examples/data/chorley")

lsoas = outreach.AreaSet.from_geojson(
    DATA / "lsoa11_bgc.geojson", "LSOA11CD", name_field="LSOA11NM", vintage=2011
)
print(lsoas.load_report)

# Code-Point Open: Postcode, ..., Eastings, Northings (British National Grid metres).
postcodes = pd.read_csv(
    DATA / "codepoint_open_2025_04.csv.gz", usecols=["Postcode", "Eastings", "Northings"]
)
assigned = outreach.to_pandas(lsoas.assign(postcodes["Eastings"], postcodes["Northings"]))
postcodes["lsoa11"] = assigned["area_code"].astype("string").to_numpy()
outside = postcodes["lsoa11"].isna().sum()
print(f"{len(postcodes):,} postcodes, {outside:,} outside Chorley's LSOAs")

iod = outreach.read_iod(DATA / "iod2019_lsoa11.csv").to_pandas()
postcodes = postcodes.merge(
    iod[["lsoa_code", "imd_decile"]], left_on="lsoa11", right_on="lsoa_code", how="inner"
)

table = postcodes.groupby("imd_decile").agg(
    lsoas=("lsoa_code", "nunique"), postcodes=("Postcode", "size")
)
table = table.reindex(range(1, 11), fill_value=0)
table["share_%"] = (100 * table["postcodes"] / table["postcodes"].sum()).round(1)
print("\nChorley postcodes per IMD 2019 decile (1 = most deprived):")
print(table.to_string())
