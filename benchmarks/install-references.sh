#!/usr/bin/env bash
# Installs the reference tools `ser bench` compares against, from Debian's packages:
# ffmpeg (decoding), torch 1.13 with torchaudio 0.13 (log-Mel) and torchvision 0.14 (RoI Align).
# `ser bench` runs without them and says "reference not installed" in their columns.
set -euo pipefail
sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq ffmpeg python3-torch python3-torchaudio python3-torchvision
