"""The command line, per shared/cli-contract.md (documented in docs/cli.md)."""

from __future__ import annotations

import argparse

from app.frozen import version_line
from app.version import VERSION


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="probant",
        description="Probant : constats numériques certifiés. Sans commande : ouvre l'application.",
    )
    p.add_argument("--version", action="version", version=version_line(VERSION))
    p.add_argument("--home", help="dossier du coffre et des réglages (ou PROBANT_HOME)")
    p.add_argument("--demo", action="store_true",
                   help="mode démonstration : authentificateur logiciel, tout est marqué DÉMO")
    p.add_argument("--json", action="store_true", help="un document JSON sur stdout")
    p.add_argument("--lang", choices=("fr", "en"), help="langue des messages (défaut : fr)")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    init = sub.add_parser("init", help="crée le coffre et enrôle la première clé")
    init.add_argument("--name", help="nom de l'officier (Maître Prénom NOM)")
    init.add_argument("--office", help="étude")
    init.add_argument("--address", help="adresse de l'étude")
    init.add_argument("--token-label", help="nom donné à la clé enrôlée")

    dossier = sub.add_parser("dossier", help="dossiers clients")
    ds = dossier.add_subparsers(dest="action", required=True)
    dn = ds.add_parser("new", help="nouveau dossier")
    dn.add_argument("title")
    dn.add_argument("--requester", help="requérant (identité complète, art. 648 CPC)")
    dn.add_argument("--deadline", help="échéance, date-heure ISO 8601")
    dn.add_argument("--reference", help="référence du dossier à l'étude")
    de = ds.add_parser("edit", help="modifie un dossier (journalisé, avant et après)")
    de.add_argument("id")
    de.add_argument("--title", help="intitulé")
    de.add_argument("--requester", help="requérant (refusé si un PV signé le nomme)")
    de.add_argument("--deadline", help="échéance, date-heure ISO 8601 ; \"\" la retire")
    de.add_argument("--reference", help="référence du dossier à l'étude")
    ds.add_parser("list", help="liste des dossiers")
    dsh = ds.add_parser("show", help="un dossier et ses constats")
    dsh.add_argument("id")

    constat = sub.add_parser("constat", help="constats")
    cs = constat.add_subparsers(dest="action", required=True)
    cn = cs.add_parser("new", help="ouvre un constat")
    cn.add_argument("--dossier", required=True)
    cn.add_argument("--mission", help="ce qui doit être constaté")
    cn.add_argument("--place", help="lieu des opérations : poste de l'étude ou adresse du site"
                                    " (sans lieu, le PV ne pourra pas être signé)")
    cnr = cs.add_parser("narrative", help="narration du commissaire (reprise par le PV)")
    cnr.add_argument("id")
    how = cnr.add_mutually_exclusive_group(required=True)
    how.add_argument("--text", help="le texte de la narration")
    how.add_argument("--file", help="fichier texte UTF-8 contenant la narration")
    crs = cs.add_parser("reserve", help="réserve du commissaire sur un point des prérequis "
                                        "techniques (NF Z67-147), imprimée par le PV")
    crs.add_argument("id")
    crs.add_argument("--point", required=True,
                     help="code du point (pv check --json : rules[].code reservable)")
    crs.add_argument("--text", required=True, help="le texte de la réserve (\"\" la retire)")
    cl = cs.add_parser("list", help="liste des constats")
    cl.add_argument("--dossier")
    for name, text in (("show", "un constat et ses pièces"), ("close", "clôt le constat")):
        c = cs.add_parser(name, help=text)
        c.add_argument("id")

    annex = sub.add_parser("annex", help="pièces remises (importées, non capturées)")
    an = annex.add_subparsers(dest="action", required=True)
    aa = an.add_parser("add", help="importe des fichiers dans un constat")
    aa.add_argument("--constat", required=True)
    aa.add_argument("files", nargs="+")

    ev = sub.add_parser("evidence", help="pièces du coffre")
    es = ev.add_subparsers(dest="action", required=True)
    el = es.add_parser("list", help="liste des pièces")
    el.add_argument("--constat")
    esh = es.add_parser("show", help="une pièce")
    esh.add_argument("id")
    ee = es.add_parser("export", help="écrit les octets originaux d'une pièce")
    ee.add_argument("id")
    ee.add_argument("--out", required=True)
    ed = es.add_parser("describe", help="constatation du commissaire sur une pièce")
    ed.add_argument("id")
    what = ed.add_mutually_exclusive_group(required=True)
    what.add_argument("--text", help="ce que le commissaire constate sur cette pièce")
    what.add_argument("--none", action="store_true", help="« sans observation »")

    ver = sub.add_parser("verify", help="vérifie tout le coffre, ou un bundle sans coffre")
    ver.add_argument("bundle", nargs="?", help="BUNDLE.zip (ou son dossier décompressé)")
    ver.add_argument("--trust", action="append",
                     help="ancres de confiance supplémentaires (PEM), répétable")

    jr = sub.add_parser("journal", help="journal chaîné de toutes les actions")
    jr.add_argument("--constat")
    jr.add_argument("--verify", action="store_true", help="vérifie la chaîne")
    from app.cli import capture_commands

    capture_commands.add_parser(sub)
    capture_commands.add_env_report_parser(sub)
    from app.cli import user_commands

    user_commands.add_parsers(sub)
    from app.cli import time_commands

    time_commands.add_parsers(sub)
    from app.cli import bundle_commands, pv_commands

    bundle_commands.add_parsers(sub)

    pv_commands.add_parsers(sub)
    from app.cli import web_commands

    web_commands.add_parsers(sub)
    from app.cli import sync_commands

    sync_commands.add_parsers(sub)
    return p
