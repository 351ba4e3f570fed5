"""The real site: builds with -W -n, and each page carries the CV's facts."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

# A sample of the facts of the CV, page by page: titles, organisations, dates and names.
FACTS = {
    "index": [
        "Taekyung Heo",
        "Senior HPC Middleware Developer, NVIDIA",
        "A versatile “Swiss army knife” who tracks recent trends and executes quickly.",
        "CV updated on September 3, 2025.",
    ],
    "sections/experience": [
        "Senior HPC Middleware Developer, NVIDIA Dec 2023 – present",
        "Research Engineer II, Georgia Institute of Technology Mar 2023 – Dec 2023",
        "Supervisor: Tushar Krishna",
        "Research Advisor IV, Meta (through Magnit) Nov 2022 – Dec 2023",
        "Postdoctoral Fellow, Georgia Institute of Technology Mar 2022 – Feb 2023",
        "Visiting Fellow, Microsoft Research Asia (through FA Talent) Feb 2018 – Aug 2018",
    ],
    "sections/education": [
        "Doctor of Philosophy (Ph.D.), Computer Science, Korea Advanced Institute of Science & "
        "Technology (KAIST) Mar 2016 – Feb 2022",
        "Dissertation: Redesigning Hardware and Software Stacks for Terabyte-Scale Memory Systems",
        "Advisor: Jaehyuk Huh",
        "Thesis: Dynamic Time Slice Management Based on CPU Pooling in Virtualized Systems",
        "Bachelor of Science (B.Sc.), Computer Engineering, Sungkyunkwan University "
        "Mar 2010 – Feb 2014",
        "Senior Thesis: Performance Analysis of the ext4 File System in Virtualization Environment",
        "Advisor: Young Ik Eom",
    ],
    "sections/talks": [
        "Chakra and ASTRA-sim: An Open-source Ecosystem for Advancing Co-design for Future AI "
        "Systems, AI & Systems Co-design Faculty Summit Oct 2023",
        "On behalf of Tushar Krishna.",
        "Designing Multi-Tensor Core Systems in SST, SST User Group Meeting Sep 2023",
        "ASTRA-sim Tutorial, Conference on Machine Learning and Systems (MLSys) Aug 2022",
        "Hybrid TLB Coalescing: Improving TLB Translation Coverage under Diverse Fragmented Memory "
        "Allocations, Korea Software Congress Dec 2017",
    ],
    "sections/projects": [
        "Member of the Chakra working group in MLCommons",
        "Honored with the Dr. Sudhakar Yalamanchili Award at ModSim 2023",
        "Found a bug in the SST memHierarchy and contributed to the project by submitting a PR",
        "Implemented the full HW & SW stacks, which include the FPGA and Linux kernel driver",
    ],
    "sections/patents": [
        "Apparatus and Method for Accelerating Critical Service in Virtualized System, "
        "KR 1021157380000 May 21, 2020",
        "Method and System to Improve TLB Coverage by Using Chunks of Contiguous Memory, "
        "KR 1019426630000 Jan 21, 2019",
    ],
    "sections/service": [
        "Program Committee (Light PC), HPCA 2024",
        "Artifact Evaluation Committee",
    ],
    "sections/awards": [
        "Dr. Sudhakar Yalamanchili Award, ModSim Aug 2023",
        "Stars of Tomorrow (Award of Excellence), Microsoft Research Asia Aug 2018",
        "KFAS Scholarship, Korea Foundation for Advanced Studies 2017 – 2019",
        "Dean's List, College of Information & Communication Engineering "
        "Apr 2012, Oct 2012, Apr 2013, Oct 2013",
        "National Scholarship for Science and Engineering, Korea Student Aid Foundation (KOSAF) "
        "2010 – 2013",
    ],
    "sections/skills": [
        "Architecture Simulators: Structural Simulation Toolkit (SST), Gem5, NVMain, Pin, MARSSx86",
        "FPGA: Vivado, Vitis HLS, Verilog, Tcl",
    ],
    "sections/activities": [
        "President, Computer Security Research Club, Sungkyunkwan University Jul 2011 – Feb 2012",
        "Student, Korea Information Technology Research Institute Jul 2013 – Feb 2014",
    ],
    "sections/teaching": [
        "Teaching Assistant for Computer Organization, KAIST Fall 2017",
        "Teaching Assistant for Introduction to Programming (Python), KAIST Spring 2014",
    ],
}


def page_text(site: Path, page: str) -> str:
    """The main content of a page as a person reads it: one space between words."""
    soup = BeautifulSoup((site / f"{page}.html").read_text(), "html.parser")
    return " ".join(soup.find("article", id="furo-main-content").get_text(" ").split())


@pytest.mark.parametrize("page", FACTS)
def test_facts_on_page(site_html: Path, page: str) -> None:
    text = page_text(site_html, page).replace(" ,", ",").replace(" .", ".")
    for fact in FACTS[page]:
        assert fact in text


def test_every_page_has_a_description_and_the_favicon(site_html: Path) -> None:
    for page in FACTS:
        soup = BeautifulSoup((site_html / f"{page}.html").read_text(), "html.parser")
        description = soup.find("meta", attrs={"name": "description"})
        assert description is not None, page
        assert len(description["content"]) > 50, page
        icon = soup.find("link", rel="icon")
        assert (site_html / page).parent.joinpath(icon["href"]).resolve().is_file(), page


def test_source_misspellings_are_corrected(site_html: Path) -> None:
    everything = " ".join(page_text(site_html, page) for page in FACTS)
    assert "Sungkuynkwan" not in everything
    assert "FastSwtich" not in everything


# -- Publications: every paper of the CV, once per venue, with its key as id -------------------

#: Key -> (title, venue with year), as the CV gives them (FastSwtich corrected).
PAPERS = {
    "heo2024trusted": (
        "Supporting Trusted Virtual Machines with Hardware-based Secure Remote Memory",
        "International Symposium on Memory Management (ISMM 2024), June 2024",
    ),
    "won2023astrasim": (
        "ASTRA-sim2.0: Modeling Hierarchical Networks and Disaggregated Systems for Large-model "
        "Training at Scale",
        "International Symposium on Performance Analysis of Systems and Software (ISPASS 2023), "
        "April 2023",
    ),
    "kadiyala2022comet": (
        "COMET: A Comprehensive Cluster Design Methodology for Distributed Deep Learning Training",
        "arXiv 2022, November 2022",
    ),
    "baek2021innersp": (
        "InnerSP: A Memory Efficient Sparse Matrix Multiplication Accelerator with Locality-aware "
        "Inner Product Processing",
        "International Conference on Parallel Architectures and Compilation Techniques "
        "(PACT 2021), September 2021",
    ),
    "heo2022adaptive": (
        "Adaptive Page Migration Policy with Huge Pages in Tiered Memory Systems",
        "IEEE Transactions on Computers (IEEE TC 2022), vol. 71, no. 1, pp. 53–68, January 2022",
    ),
    "ahn2018accelerating": (
        "Accelerating Critical OS Services in Virtualized Systems with Flexible Micro-sliced Cores",
        "European Conference on Computer Systems (EuroSys 2018), April 2018",
    ),
    "park2017hybrid": (
        "Hybrid TLB Coalescing: Improving TLB Translation Coverage under Diverse Fragmented "
        "Memory Allocations",
        "International Symposium on Computer Architecture (ISCA 2017), June 2017",
    ),
    "park2016efficient": (
        "Efficient Synonym Filtering and Scalable Delayed Translation for Hybrid Virtual Caching",
        "International Symposium on Computer Architecture (ISCA 2016), June 2016",
    ),
    "heo2023chakra": (
        "Chakra: Advancing Performance Benchmarking and Co-design using Standardized Execution "
        "Traces",
        "Workshop on Modeling & Simulation of Systems and Applications (ModSim 2023), August 2023",
    ),
    "heo2023exploring": (
        "Exploring Memory Expansion Designs for Training Mixture-of-Experts Models",
        "Workshop on Hot Topics in System Infrastructure (HotInfra 2023), June 2023",
    ),
    "sridharan2023chakra": (
        "Chakra: Advancing Performance Benchmarking and Co-design using Standardized Execution "
        "Traces",
        "Workshop on Benchmarking Machine Learning Workloads on Emerging Hardware "
        "(MLBench 2023), June 2023",
    ),
    "tong2022fastswitch": (
        "FastSwitch: Enabling Real-time DNN Switching via Weight-Sharing",
        "Workshop on Architecture, Compiler, and System Support for Multi-Model DNN Workloads "
        "(ACSMD 2022), June 2022",
    ),
}


def test_every_paper_is_listed_once_with_its_key_as_id(site_html: Path) -> None:
    soup = BeautifulSoup((site_html / "sections/publications.html").read_text(), "html.parser")
    items = soup.find("article", id="furo-main-content").find_all("li", class_="cv-pub")
    assert sorted(item["id"] for item in items) == sorted(PAPERS)
    for item in items:
        title, venue = PAPERS[item["id"]]
        assert item.find(class_="cv-pub-title").get_text() == title
        cite = item.find(class_="cv-pub-cite").get_text()
        assert cite.endswith(f"{title}. {venue}."), cite
        assert [strong.get_text() for strong in item.find_all("strong")][:1] == ["Taekyung Heo"]


def test_selected_papers_and_project_links_point_at_the_papers_pages(
    site_html: Path,
) -> None:
    """A paper's label leads to its own page (issue 12), from the selected list and {ref}."""
    index = BeautifulSoup((site_html / "index.html").read_text(), "html.parser")
    selected = index.find("ol", class_="cv-pubs")
    assert [a["href"] for a in selected.select(".cv-pub-title a")] == [
        "papers/heo2024trusted.html",
        "papers/heo2023chakra.html",
        "papers/won2023astrasim.html",
        "papers/heo2022adaptive.html",
    ]
    assert not selected.find_all(id=True)
    projects = BeautifulSoup((site_html / "sections/projects.html").read_text(), "html.parser")
    links = {
        a.get_text(): a["href"]
        for a in projects.select("a.reference.internal")
        if a["href"].startswith("../papers/")
    }
    assert links == {
        "MLBench 2023": "../papers/sridharan2023chakra.html",
        "ModSim 2023": "../papers/heo2023chakra.html",
        "HotInfra 2023": "../papers/heo2023exploring.html",
        "ISPASS 2023": "../papers/won2023astrasim.html",
        "PACT 2021": "../papers/baek2021innersp.html",
        "IEEE Transactions on Computers": "../papers/heo2022adaptive.html",
        "EuroSys 2018": "../papers/ahn2018accelerating.html",
        "ISCA 2017": "../papers/park2017hybrid.html",
        "ISCA 2016": "../papers/park2016efficient.html",
    }
    for href in links.values():
        assert (site_html / "sections" / href).resolve().is_file()
